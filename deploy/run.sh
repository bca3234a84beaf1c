#!/usr/bin/env bash
# Runs breakout-ops in the foreground on Payara Micro, with everything under $OPS_HOME (default ./var).
# Ctrl-C or SIGTERM stops it cleanly: Payara undeploys the WAR and the shutdown lines reach the log files.
#
#   OPS_HOME       data, logs, state, backups and JMX credentials   (default: <repository>/var)
#   OPS_HTTP_PORT  HTTP port                                        (default: 8080)
#   OPS_HTTP_ADDRESS  address HTTP listens on; 0.0.0.0 for all      (default: 127.0.0.1)
#   OPS_JMX_PORT   remote JMX port, bound to 127.0.0.1 only         (default: 9010)
#   OPS_JAVA_OPTS  extra JVM options, e.g. -Xmx512m; each replaces the option of the same kind in
#                  deploy/java.options (-Xmx256m -Xms32m, -XX:+UseSerialGC)  (default: none)
#   OPS_PAYARA_VERSION  Payara Micro to run, e.g. 7.2026.11; fetched into target/ when missing
#                  (default: target/payara-micro.jar, the one the last build fetched)
#   JAVA_HOME      the Java to run it with (default: java on PATH); Payara Micro 7 needs 21 or newer
# The WAR is $OPS_HOME/app/breakout-ops.war when there is one (a host's deployed version, which
# deploy/upgrade swaps), otherwise the repository's target/breakout-ops.war, built when stale.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/jmx/secrets.sh"  # write_private, random_password
OPS_HOME="${OPS_HOME:-$repo/var}"
OPS_HTTP_PORT="${OPS_HTTP_PORT:-8080}"
OPS_JMX_PORT="${OPS_JMX_PORT:-9010}"
OPS_JAVA_OPTS="${OPS_JAVA_OPTS:-}"
OPS_HTTP_ADDRESS="${OPS_HTTP_ADDRESS:-127.0.0.1}"
OPS_PAYARA_VERSION="${OPS_PAYARA_VERSION:-}"
built_war="$repo/target/breakout-ops.war"

fail() { echo "run.sh: $*" >&2; exit 64; }
# without flock the instance lock below would read as "a server already runs"
command -v flock > /dev/null || { echo "run.sh: needs flock, which is not on PATH: install util-linux" >&2; exit 69; }
for port in OPS_HTTP_PORT OPS_JMX_PORT; do
  [[ ${!port} =~ ^[0-9]+$ ]] && (( ${!port} >= 1 && ${!port} <= 65535 )) \
    || fail "$port='${!port}' is not a port number from 1 to 65535"
done
[[ $OPS_HTTP_PORT != "$OPS_JMX_PORT" ]] || fail "OPS_HTTP_PORT and OPS_JMX_PORT are both $OPS_HTTP_PORT"
[[ $OPS_HTTP_ADDRESS =~ ^[0-9A-Za-z.:-]+$ ]] \
  || fail "OPS_HTTP_ADDRESS='$OPS_HTTP_ADDRESS' is not an IP address or host name"
[[ -z $OPS_PAYARA_VERSION || $OPS_PAYARA_VERSION =~ ^[0-9]+(\.[0-9A-Za-z-]+)*$ ]] \
  || fail "OPS_PAYARA_VERSION='$OPS_PAYARA_VERSION' is not a Payara Micro version like 7.2026.11"
if [[ -n $OPS_PAYARA_VERSION ]]; then
  micro="$repo/target/payara-micro-$OPS_PAYARA_VERSION.jar"
else
  micro="$repo/target/payara-micro.jar"
fi
mkdir -p "$OPS_HOME" || fail "OPS_HOME='$OPS_HOME' cannot be created"
OPS_HOME="$(cd "$OPS_HOME" && pwd)"
# One server per OPS_HOME, taken before anything is built or written: two first starts at once would
# otherwise both create JMX credentials and mix them. The JVM inherits this lock through exec and holds it
# until it ends; the build gets no copy of it (8>&-), so nothing it may leave running can hold it.
mkdir -p "$OPS_HOME/run"
exec 8> "$OPS_HOME/run/instance.lock"
flock -n 8 || fail "a server already runs with OPS_HOME=$OPS_HOME"
war="$OPS_HOME/app/breakout-ops.war"
[[ -f $war ]] || war="$built_war"

# Build when the build's Payara Micro is missing, or the repository's WAR is missing or older than what it
# is made from. Maven also fetches Payara Micro from Maven Central into target/; a pinned version is
# fetched on its own, so a build never replaces it.
if [[ ( -z $OPS_PAYARA_VERSION && ! -f $micro ) ]] || [[ $war == "$built_war" && ( ! -f $war \
      || -n $(find "$repo/pom.xml" "$repo/src/main" -newer "$war" -print -quit) ) ]]; then
  echo "run.sh: building the WAR (mvn package)..." >&2
  (cd "$repo" && mvn -q -B -DskipTests package) 8>&-
fi
if [[ ! -f $micro ]]; then
  echo "run.sh: fetching Payara Micro $OPS_PAYARA_VERSION into target/ (mvn dependency:copy)..." >&2
  (cd "$repo" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="fish.payara.extras:payara-micro:$OPS_PAYARA_VERSION" -DoutputDirectory=target) 8>&- \
    || fail "OPS_PAYARA_VERSION=$OPS_PAYARA_VERSION: Maven could not fetch fish.payara.extras:payara-micro:$OPS_PAYARA_VERSION"
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# On a Java older than 21 Payara Micro 7 stops at once with an UnsupportedClassVersionError that names class
# file versions, not Java's; say it in words. Without unzip the jar's version is unknown and Payara says it.
payara_major="${OPS_PAYARA_VERSION%%.*}"
if [[ -z $payara_major ]] && command -v unzip > /dev/null; then
  payara_major="$(unzip -p "$micro" MICRO-INF/domain/branding/glassfish-version.properties 2> /dev/null \
    | sed -n 's/^major_version=\([0-9]*\).*/\1/p')" || true
fi
if (( ${payara_major:-0} >= 7 )); then
  java_major="$("$java" -version 2>&1 | sed -n 's/.* version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -1)" || true
  (( ${java_major:-0} >= 21 )) \
    || fail "Payara Micro $payara_major needs Java 21 or newer, and $java is Java ${java_major:-of unknown version}: set JAVA_HOME to one"
fi

# ---- remote JMX: credentials, file checks and flags ------------------------------------------------
# Users and roles come from the templates jmx/jmxremote.password.template and jmx/jmxremote.access, written
# once. The JVM replaces the passwords in jmxremote.password by salted hashes on first use, so the clear
# ones are kept for jmx/opsctl and for people in jmx/credentials. Never printed.
jmx="$OPS_HOME/jmx"
mkdir -p "$jmx"
if [[ ! -f $jmx/jmxremote.password ]]; then
  users=""
  while read -r user secret; do
    [[ -z $user || $user == \#* ]] && continue
    [[ $secret == @PASSWORD@ ]] && secret="$(random_password 24)"
    users+="$user $secret"$'\n'
  done < "$repo/jmx/jmxremote.password.template"
  write_private "$jmx/credentials" "$users"
  write_private "$jmx/jmxremote.password" "$users"
  echo "run.sh: created JMX users ops-admin (readwrite) and ops-reader (readonly); passwords in $jmx/credentials" >&2
fi
if [[ ! -f $jmx/jmxremote.access ]]; then
  write_private "$jmx/jmxremote.access" "$(cat "$repo/jmx/jmxremote.access")"$'\n'
fi
# Files holding secrets must be readable by their owner only. The JVM checks the password file itself but
# stops with a stack trace; say which file and what to do instead, and never loosen or fix modes silently.
for f in "$jmx/jmxremote.password" "$jmx/credentials" "$jmx/ssl.properties" "$jmx/keystore.p12" \
         "$jmx/client-ssl.properties" "$jmx/client-keystore.p12"; do
  [[ -e $f ]] || continue
  mode="$(stat -c '%a' "$f")" owner="$(stat -c '%u' "$f")"
  if [[ $owner != "$(id -u)" || ! $mode =~ ^[46]00$ ]]; then
    echo "run.sh: refusing to start: $f holds secrets but has mode $mode and owner uid $owner;" \
         "it must belong to uid $(id -u) with mode 600: chown $(id -un) '$f' && chmod 600 '$f'" >&2
    exit 77
  fi
done
# Hardening (each verified by an IT or by hand, see docs/jmx.md):
# - bound to 127.0.0.1 (registry and connection on one port, so one SSH tunnel suffices);
# - password authentication; the JDK's agent itself admits only String/String[] credentials (its built-in
#   filter "java.lang.String;!*"), so a Map or any other object is refused before deserialization;
# - a JEP 290 filter on everything a client sends: open types, ObjectName, the filters JConsole uses;
# - SSL for connector and registry once jmx/ssl-setup wrote $OPS_HOME/jmx/ssl.properties.
serial_filter='maxdepth=32;maxarray=100000;maxrefs=100000;java.lang.*;java.math.BigInteger;java.math.BigDecimal'
serial_filter+=';java.util.*;java.rmi.MarshalledObject;javax.security.auth.Subject;javax.management.ObjectName'
serial_filter+=';javax.management.Attribute;javax.management.AttributeList;javax.management.NotificationFilterSupport'
serial_filter+=';javax.management.AttributeChangeNotificationFilter;javax.management.relation.MBeanServerNotificationFilter'
serial_filter+=';javax.management.openmbean.*;!*'
jmx_flags=(
  -Dcom.sun.management.jmxremote.port="$OPS_JMX_PORT"
  -Dcom.sun.management.jmxremote.rmi.port="$OPS_JMX_PORT"
  -Dcom.sun.management.jmxremote.host=127.0.0.1
  -Djava.rmi.server.hostname=127.0.0.1
  -Dcom.sun.management.jmxremote.authenticate=true
  -Dcom.sun.management.jmxremote.password.file="$jmx/jmxremote.password"
  -Dcom.sun.management.jmxremote.access.file="$jmx/jmxremote.access"
  -Dcom.sun.management.jmxremote.serial.filter.pattern="$serial_filter"
)
if [[ -f $jmx/ssl.properties ]]; then
  # ssl, registry.ssl, need.client.auth and the key store come from the file; a -D would override them
  jmx_flags+=(-Dcom.sun.management.config.file="$jmx/ssl.properties")
  echo "run.sh: JMX on 127.0.0.1:$OPS_JMX_PORT over SSL ($jmx/ssl.properties)" >&2
else
  jmx_flags+=(-Dcom.sun.management.jmxremote.ssl=false)
  echo "run.sh: JMX on 127.0.0.1:$OPS_JMX_PORT, credentials in $jmx/jmxremote.password and $jmx/jmxremote.access" >&2
fi
# ---- end of remote JMX ------------------------------------------------------------------------------
echo "run.sh: HTTP on $OPS_HTTP_ADDRESS:$OPS_HTTP_PORT, logs in ops.logs.dir (default $OPS_HOME/logs, or <bot>/logs with ops.bot.home), deploying $war" >&2

# The HTTP address is set by a pre-boot command: Payara Micro has no option for it, and a post-boot command
# would first bind the listener to 0.0.0.0 and only then rebind it (seen in the log: about a second open).
preboot="$OPS_HOME/run/preboot.asadmin"
# Payara Micro redeploys at boot what a persistent --rootdir kept from the last run, and only then
# replaces it with --deploy: every boot deployed twice, and the previous WAR answered /api/health for
# the first seconds (an upgrade's health check passed on the old version). Nothing of ours lives there,
# so each boot starts from an empty one.
rm -rf "$OPS_HOME/payara"
echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$OPS_HTTP_ADDRESS" > "$preboot"
# No Server or X-Powered-By header naming Payara (the same file the ITs boot with).
cat "$repo/deploy/payara-http.asadmin" >> "$preboot"

# The defaults of deploy/java.options (heap ceiling, collector, ...), each unless OPS_JAVA_OPTS sets one of
# its kind: another -Xmx, another collector (two would stop the JVM), another -Dname= value.
java_defaults=()
# shellcheck disable=SC2013 # one option per line, no spaces in an option
for option in $(sed -e 's/#.*//' "$repo/deploy/java.options"); do
  case $option in
    -XX:+Use*GC) kind='-XX:[+]Use[A-Za-z0-9]*GC' ;;
    -Xm[xs]*|-Xss*) kind="${option:0:4}" ;;
    -XX:[+-]*) kind="-XX:[+-]${option:5}" ;;
    -XX:*=*|-D*=*) kind="${option%%=*}=" ;;
    *) kind="$option" ;;
  esac
  [[ " $OPS_JAVA_OPTS" =~ [[:space:]]${kind//./[.]} ]] || java_defaults+=("$option")
done

# --enable-native-access: JNA (OSHI's) loads a native library, which Java 24 and newer allow with a warning
# and a later release will refuse without this grant; Java 17 accepts the flag.
# shellcheck disable=SC2086 # OPS_JAVA_OPTS is a list of options
exec "$java" "${java_defaults[@]}" $OPS_JAVA_OPTS \
  --enable-native-access=ALL-UNNAMED \
  -Dops.home="$OPS_HOME" \
  -Dops.startup.exitOnError=true \
  "${jmx_flags[@]}" \
  -jar "$micro" \
  --deploy "$war" \
  --contextroot / \
  --port "$OPS_HTTP_PORT" \
  --nohazelcast \
  --rootdir "$OPS_HOME/payara" \
  --disablephonehome \
  --prebootcommandfile "$preboot"
