# bash completion for the aisla command line: modes, options, lesson and
# demo names, doctor's checks. Installed as
# /usr/share/bash-completion/completions/aisla (make install, the .deb).

# The directories that hold lessons/ and demos/, as aisla looks for them:
# $AISLA_DATADIR, beside the binary (a build tree), BIN/../share/aisla,
# then the usual prefixes.
_aisla_datadirs()
{
	local bin dir
	[ -n "${AISLA_DATADIR:-}" ] && printf '%s\n' "$AISLA_DATADIR"
	bin=$(type -P "${1:-aisla}" 2>/dev/null) || bin=
	if [ -n "$bin" ]; then
		dir=$(dirname "$(readlink -f "$bin")")
		printf '%s\n' "$dir" "$dir/../share/aisla"
	fi
	printf '%s\n' /usr/share/aisla /usr/local/share/aisla
}

# Lesson names (01-procesos) and their numbers (1), or demo names.
_aisla_names()
{
	local sub=$1 ext=$2 prog=$3 d f n
	while IFS= read -r d; do
		[ -d "$d/$sub" ] || continue
		for f in "$d/$sub"/*."$ext"; do
			[ -e "$f" ] || continue
			n=${f##*/}; n=${n%."$ext"}
			printf '%s\n' "$n"
			if [ "$sub" = lessons ] && [[ $n =~ ^0*([0-9]+)- ]]; then
				printf '%s\n' "${BASH_REMATCH[1]}"
			fi
		done
		return
	done < <(_aisla_datadirs "$prog")
}

_aisla()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
	fi
	local modes="watch lesson demo reset doctor"
	local opts="--plain --lang --rootless -c --check --version --help"
	local checks="root kernel namespaces userns newuidmap cgroups cgroup2 cpus run-netns
		      veth bridge vxlan nftables busybox iproute2 terminal locale pid1 journal"
	local i mode=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--lang | -c) ((i++)) ;;
		-*) ;;
		*) mode=${words[i]}; break ;;
		esac
	done

	case $prev in
	--lang) COMPREPLY=($(compgen -W "es en" -- "$cur")); return ;;
	-c) return ;;
	esac
	case $mode in
	lesson)
		COMPREPLY=($(compgen -W "$(_aisla_names lessons lesson "${words[0]}")" -- "$cur"))
		return ;;
	demo)
		if [ "$i" -lt $((cword - 1)) ]; then
			COMPREPLY=($(compgen -W "--step" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_aisla_names demos demo "${words[0]}")" -- "$cur"))
		fi
		return ;;
	reset) COMPREPLY=($(compgen -W "-y" -- "$cur")); return ;;
	doctor) COMPREPLY=($(compgen -W "$checks" -- "$cur")); return ;;
	watch) return ;;
	"")
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$modes" -- "$cur") $(compgen -f -- "$cur"))
		fi
		return ;;
	*)	# a script FILE: nothing after it
		return ;;
	esac
}
complete -F _aisla aisla
