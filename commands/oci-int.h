/* oci-int.h: what oci.c (reading) and oci-write.c (writing) share: the
 * JSON accessors of layouts. Not for other modules: use oci.h. */
#ifndef AISLA_OCI_INT_H
#define AISLA_OCI_INT_H

#include <json-c/json.h>
#include "oci.h"

/* Read blob d of dir (checked against its size and digest, at most
 * OCI_JSON_MAX bytes) and parse it as a JSON object. */
int oci_json_blob(const char *dir, const struct oci_desc *d, const char *what,
		  struct json_object **out, struct err *e);
/* o[key] if it is a string / of type t, else NULL (borrowed). */
const char *oci_jstr(struct json_object *o, const char *key);
struct json_object *oci_jget(struct json_object *o, const char *key, json_type t);
/* A descriptor {mediaType, digest, size}; a sha256 digest is required. */
int oci_desc_read(struct json_object *o, struct oci_desc *d, const char *what, struct err *e);
/* dir/index.json, read (bounded) and written (atomically, by rename). */
int oci_index_read(const char *dir, struct json_object **out, struct err *e);
int oci_index_write(const char *dir, struct json_object *idx, struct err *e);
/* A manifest descriptor's tag (ref.name annotation), NULL if none. */
const char *oci_ref_of(struct json_object *m);
/* The index's manifests without the one tagged tag (a new array). */
struct json_object *oci_index_without(struct json_object *idx, const char *tag);

#endif
