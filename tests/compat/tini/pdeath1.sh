# tini's test/pdeathsignal/stage_1.py: run INIT -vvv -p SIGUSR1 pdeath2.sh
# and wait; pdeath2.sh kills us, the init's parent.  $1 INIT, $2 result file.
"$1" -vvv -p SIGUSR1 -- sh "$(dirname "$0")/pdeath2.sh" $$ "$2"
