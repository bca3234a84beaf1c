# Sourced by the bench scripts, after they cd to the project root: the build steps and helpers they all
# had a copy of. Not a script of its own.
#
#   bench_build GOAL CLASSPATH_FILE SCOPE   mvn GOAL (compile or package), the dependency classpath into
#                                           CLASSPATH_FILE, and target/bench-support; all incremental
#   banner TEXT...                          a section heading
#   bench_context                           the machine lines every result is quoted with (date, host, load, java, commit)

banner() { printf '\n=== %s ===\n' "$*"; }

# Offline first (deps are in ~/.m2), online if a plugin is missing; Maven's output only when both fail.
mvn_try() {
    local out
    out=$(mvn -q -B -o "$@" 2>&1) && return 0
    out=$(mvn -q -B "$@" 2>&1) && return 0
    printf '%s\n' "$out" >&2
    echo "bench/${0##*/}: build failed: mvn $*" >&2
    return 1
}

# Maven's compile is incremental; the classpath file is rebuilt only when the pom changes.
# includeScope is the plugin's property name (3.8.1 has no mdep.includeScope); runtime = compile + runtime deps,
# test adds what Payara provides at run time (JSON-P's implementation, for one).
bench_build() {
    local goal="$1" classpath_file="$2" scope="$3"
    mvn_try -DskipTests "$goal"
    if [[ ! -s "$classpath_file" || pom.xml -nt "$classpath_file" ]]; then
        mvn_try dependency:build-classpath -Dmdep.outputFile="$classpath_file" -DincludeScope="$scope"
    fi
    # The single-file source launcher compiles only the driver it runs; what the drivers share
    # (bench/java/support) has to be on its classpath already compiled: target/bench-support.
    local source=bench/java/support/BenchArgs.java class=target/bench-support/BenchArgs.class
    if [[ ! -f "$class" || "$source" -nt "$class" ]]; then
        javac -d target/bench-support "$source"
    fi
}

# Keep these lines with any figure quoted: the machines are shared, and a figure means little without them.
bench_context() {
    echo "date:    $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
    echo "host:    $(uname -srm), nproc=$(nproc), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
    echo "load:    $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min; other processes share this machine when it is above nproc)"
    echo "java:    $(java -version 2>&1 | head -n 1)"
    echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -z "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]] || echo ' + uncommitted changes in src/pom.xml')"
}
