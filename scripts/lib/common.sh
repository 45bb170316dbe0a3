# Shared shell helpers for the project's scripts: source it, do not run it.
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# Everything these functions install goes under the repository (.venvs/) or into the system's
# package manager, and only when missing, so a second run costs nothing.

CITYKPI_ROOT=${CITYKPI_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CITYKPI_VENVS=${CITYKPI_VENVS:-$CITYKPI_ROOT/.venvs}

# The JDK that Maven, the tests, Spark's scripts and ./citykpi run on (decision 0014): Java 25 when
# installed, else java on PATH; CITYKPI_JAVA_HOME chooses. Maven 3.8's Guava calls sun.misc.Unsafe,
# which Java 24+ warns about on every build.
read -r JAVA_HOME CITYKPI_JAVA_VERSION <<<"$("$CITYKPI_ROOT/scripts/lib/java-home")" || true
[ -n "${CITYKPI_JAVA_VERSION:-}" ] || { echo "$(basename "$0"): no usable JDK (scripts/lib/java-home)" >&2; exit 1; }
CITYKPI_JDK=${CITYKPI_JAVA_VERSION%%[.+-]*}
export JAVA_HOME CITYKPI_JAVA_VERSION CITYKPI_JDK PATH="$JAVA_HOME/bin:$PATH"
if [ "$CITYKPI_JDK" -ge 24 ] && [[ " ${MAVEN_OPTS:-} " != *" --sun-misc-unsafe-memory-access=allow "* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

# say MESSAGE: a progress line on stderr, prefixed with the calling script's name.
say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

# die MESSAGE: the message on stderr, exit 1.
die() { say "$*"; exit 1; }

# ensure_venv NAME REQUIREMENTS_FILE: prints the path of the virtual environment .venvs/NAME (Python 3.11),
# creating it, or re-creating it when the requirements file changed since it was made.
ensure_venv() {
  local name=$1 req=$2 dir="$CITYKPI_VENVS/$1"
  [ -f "$req" ] || die "no requirements file $req"
  mkdir -p "$CITYKPI_VENVS"
  # Two scripts asking for the same environment at once: the second waits for the first.
  (
    flock 9
    _make_venv "$name" "$req" "$dir"
  ) 9>"$CITYKPI_VENVS/.$name.lock" || exit 1
  echo "$dir"
}

_make_venv() {
  local name=$1 req=$2 dir=$3 py want
  want=$(sha256sum "$req" | cut -d' ' -f1)
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  py=$(command -v python3.11 || command -v python3) || die "python3.11 is not on PATH"
  "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
    || die "$py is not Python 3.11 (the venvs are pinned to 3.11)"
  say "creating the '$name' virtual environment in $dir (first use; a minute or two)"
  rm -rf "$dir"
  "$py" -m venv "$dir" >&2
  "$dir/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req" >&2 \
    || { rm -rf "$dir"; die "pip could not install $req"; }
  echo "$want" >"$dir/.requirements.sha256"
}

# ensure_apt PACKAGE...: installs the Debian packages that are missing (apt-get, as root or with sudo).
ensure_apt() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  say "installing Debian packages: ${missing[*]}"
  # A lock held by another apt run (e.g. two scripts at once) is waited for, not fatal.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 \
    || die "apt-get update failed; install ${missing[*]} by hand"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${missing[@]}" >&2 || die "apt-get could not install ${missing[*]}"
}

# ensure_jars: the launcher's thin jar and classpath (./citykpi builds them when older than the code)
# and the shaded jar for spark-submit, built only when missing or older than the code; prints the
# shaded jar's path. Suites that run side by side call it first (./run-tests does), so no two Maven
# builds write jobs/target/ while a JVM reads it.
ensure_jars() {
  local jar=$CITYKPI_ROOT/jobs/target/citykpi-jobs-0.1.0-SNAPSHOT-all.jar
  (
    cd "$CITYKPI_ROOT"
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml jobs/pom.xml jobs/src/main schemas -newer "$jar" -print -quit)" ]; then
      say "building the shaded jar (mvn package without -Dthin)"
      mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true package >&2
    fi
    ./citykpi --version >/dev/null
  ) || die "building the jars failed"
  echo "$jar"
}

# demo_dir: prints a folder holding one `./citykpi demo` run over data-samples/ (warehouse/, reports/),
# building it when missing or older than the code, contracts or samples. Suites that only read a
# warehouse (notebooks, report checks, other readers) share it instead of each running the pipeline.
demo_dir() {
  local dir=${CITYKPI_DEMO_DIR:-$CITYKPI_ROOT/target/demo}
  mkdir -p "$(dirname "$dir")"
  (
    flock 9
    if [ ! -f "$dir/.complete" ] || [ -n "$(find "$CITYKPI_ROOT/jobs/src/main" "$CITYKPI_ROOT/schemas" \
        "$CITYKPI_ROOT/data-samples" -newer "$dir/.complete" -print -quit)" ]; then
      say "building the demo warehouse in $dir (./citykpi demo, a few minutes)"
      rm -rf "$dir" && mkdir -p "$dir"
      (cd "$CITYKPI_ROOT" && ./citykpi demo --warehouse "$dir/warehouse" --reports "$dir/reports") >&2 \
        || die "./citykpi demo failed; see above"
      touch "$dir/.complete"
    fi
  ) 9>"$(dirname "$dir")/.$(basename "$dir").lock" || exit 1
  echo "$dir"
}

# datasets_dir: prints the folder of the real public datasets (CITYKPI_DATASETS, default
# ../shared/datasets beside the repository), or nothing when it is missing.
datasets_dir() {
  local dir=${CITYKPI_DATASETS:-$CITYKPI_ROOT/../shared/datasets}
  [ -d "$dir" ] && (cd "$dir" && pwd)
  return 0
}

# real_dir: prints a folder holding a small warehouse built from two real datasets of datasets_dir,
# the Beijing multi-site air quality (2014-01-01 on) and the CNEMC station snapshot (2018-02-20):
# what the air-quality notebook sets beside the official record. Built once with `./citykpi run`
# (every stage, KPIs included) over 2014-01-01..2018-02-20, and again when the code or contracts
# change. Dies when the datasets are missing.
real_dir() {
  local dir=${CITYKPI_REAL_DIR:-$CITYKPI_ROOT/target/real-air} data
  data=$(datasets_dir)
  [ -n "$data" ] || die "the real datasets are missing (looked in ${CITYKPI_DATASETS:-$CITYKPI_ROOT/../shared/datasets})"
  mkdir -p "$(dirname "$dir")"
  (
    flock 9
    if [ ! -f "$dir/.complete" ] || [ -n "$(find "$CITYKPI_ROOT/jobs/src/main" "$CITYKPI_ROOT/schemas" \
        -newer "$dir/.complete" -print -quit)" ]; then
      say "building the real-data air warehouse in $dir (Beijing and CNEMC; a few minutes)"
      rm -rf "$dir" && mkdir -p "$dir/landing/environment"
      # Links, not copies: the landing holds only the two sources the notebook needs.
      ln -s "$data/environment/beijing_multisite_air_quality" \
        "$data/environment/china_cnemc_station_snapshot" "$dir/landing/environment/"
      (cd "$CITYKPI_ROOT" && ./citykpi run --landing "$dir/landing" --warehouse "$dir/warehouse" \
        --from 2014-01-01 --to 2018-02-20 --demo-key) >&2 \
        || die "building the real-data air warehouse failed; see above"
      touch "$dir/.complete"
    fi
  ) 9>"$(dirname "$dir")/.$(basename "$dir").lock" || exit 1
  echo "$dir"
}
