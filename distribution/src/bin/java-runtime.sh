# Finds a Java 21+ runtime: JAVA_HOME, then `java` on the PATH, then the newest JDK under /usr/lib/jvm.
# Sourced by the launchers; sets JAVA_HOME and JAVA, or prints why not and returns 1.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}

find_java21() {
  local candidates=() jdk major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  command -v java >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${jdk%/}"); done
  for jdk in "${candidates[@]}"; do
    [ -x "$jdk/bin/java" ] || continue
    major=$(java_major "$jdk/bin/java")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$jdk"
      JAVA="$jdk/bin/java"
      return 0
    fi
  done
  echo "product-scanner: needs Java 21 or newer, and none was found." >&2
  echo "  looked at: JAVA_HOME=${JAVA_HOME:-<unset>}, java on PATH, /usr/lib/jvm/*" >&2
  echo "  install one (e.g. 'apt-get install openjdk-21-jdk' or a Temurin 21+ JDK) or set JAVA_HOME." >&2
  return 1
}
