#!/bin/bash
# The uid_entrypoint script OpenShift-style images carry, as issue 4 quotes
# it: the baseline of the account-fix benchmark (it needs bash: "&>").
if ! whoami &>/dev/null; then
  if [ -w /etc/passwd ]; then
    echo "${USER_NAME:-default}:x:$(id -u):0:${USER_NAME:-default} user:${HOME}:/sbin/nologin" >> /etc/passwd
  fi
fi
exec "$@"
