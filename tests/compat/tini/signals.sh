# tini's test/signals/test.py: default actions for TERM, USR1 and USR2 (an
# init that starts the child with them ignored fails here), then wait for
# a long command; $1 gets the sleep's PID, to end it afterwards (an init
# that exits with its child leaves it behind).
trap - TERM USR1 USR2
sleep 30 &
echo $! >"$1"
wait
