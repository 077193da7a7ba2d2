#!/usr/bin/python3
# bench/mn-star.py N: build and tear down a Mininet star of N hosts on one
# Linux bridge (what `mn --topo single,N --switch lxbr --controller none`
# does), timing the two halves. Prints "BUILD_MS TEARDOWN_MS".
import sys, time
from mininet.net import Mininet
from mininet.topo import SingleSwitchTopo
from mininet.nodelib import LinuxBridge
from mininet.log import setLogLevel

setLogLevel('error')
n = int(sys.argv[1])
t0 = time.monotonic()
net = Mininet(topo=SingleSwitchTopo(n), switch=LinuxBridge, controller=None,
              autoSetMacs=False, waitConnected=False)
net.start()
t1 = time.monotonic()
net.stop()
t2 = time.monotonic()
print("%.1f %.1f" % ((t1 - t0) * 1000, (t2 - t1) * 1000))
