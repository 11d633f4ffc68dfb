# shellcheck shell=bash
# Sourced by release/image.sh and tests/release.sh: buildah, podman and
# skopeo on storage of their own under a temp dir, so that nothing touches
# the host's /var/lib/containers or collides with another run.
#   containers_setup DIR   after it, "${BUILDAH[@]}" and "${PODMAN[@]}"
# The configuration is private too: runc, cgroupfs (no systemd needed),
# no default ulimits, events to a file, no registries to search.
containers_setup() {
	local d=$1
	mkdir -p "$d/root" "$d/run" "$d/tmp"
	cat >"$d/containers.conf" <<EOC
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$d/events.log"
EOC
	cat >"$d/registries.conf" <<EOC
unqualified-search-registries = []
short-name-mode = "disabled"
EOC
	export CONTAINERS_CONF=$d/containers.conf
	export CONTAINERS_REGISTRIES_CONF=$d/registries.conf
	export TMPDIR=$d/tmp
	# vfs: works on any file system, also inside a container; the images
	# here are a few KiB.
	local store=(--root "$d/root" --runroot "$d/run" --storage-driver vfs)
	# shellcheck disable=SC2034 # for the scripts that source this file
	BUILDAH=(buildah "${store[@]}")
	# shellcheck disable=SC2034
	PODMAN=(podman "${store[@]}" --cgroup-manager cgroupfs --events-backend file)
}
