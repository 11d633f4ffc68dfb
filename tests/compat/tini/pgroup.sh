# tini's test/pgroup/stage_1.py: ignore USR1, start a grandchild that does
# not ignore it, wait for that one.  A USR1 to the init ends everything
# only if the init signals the whole process group.  $1: the grandchild's
# PID, written by the grandchild itself once USR1 is back to its default
# (written by us after the fork, it raced with the reset).
trap '' USR1
# shellcheck disable=SC2016 # for the inner sh
(trap - USR1; exec sh -c 'echo $$ >"$1"; exec sleep 30' sh "$1") &
wait $!
exit 0
