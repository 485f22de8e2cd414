# p2m/: the pseudo-physical layer, built freestanding and for the host.
P2M_SRCS := p2m/p2m.c
