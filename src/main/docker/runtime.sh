#!/bin/sh
# runtime.sh: the Java runtime of the image, only the modules seq4j uses (issue 26: the JRE base's 184 MB was the
# largest thing in the image after the native libraries). Run by the Dockerfile's build stages from /src after
# `mvnw package` (and natives.sh); leaves target/runtime for the runtime stage to copy.
#   1. jdeps lists the JDK modules that seq4j.jar and every jar of target/lib need;
#   2. modules found only by name at run time are added: jdk.management (com.sun.management's MXBeans: memory
#      checks, bench), jdk.unsupported (sun.misc.Unsafe, for JavaCPP and others), jdk.crypto.ec and jdk.zipfs (TLS and
#      zip file systems some libraries open), jdk.localedata (number formats of other locales);
#   3. jlink writes a runtime with them, without debug symbols, headers and man pages.
# A module missing here shows as a NoClassDefFoundError in the image: .ci/container.sh runs every CLI path it
# exercises (train, eval, resume, sweep, generate, serve) inside it.
set -eu
cd "${1:-.}"
modules=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps -q \
            --class-path 'target/lib/*' target/seq4j.jar target/lib/*.jar)
modules="$modules,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.localedata"
rm -rf target/runtime
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output target/runtime
echo "runtime.sh: $(du -sk target/runtime | cut -f1) KB, modules $modules"
