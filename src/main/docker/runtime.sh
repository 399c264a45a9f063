#!/bin/sh
# runtime.sh: the Java runtime of the image, only the modules seq4j uses (issue 26: the JRE base's 184 MB was the
# largest thing in the image after the native libraries). Run by the Dockerfile's build stages from /src after
# `mvnw package` (and natives.sh); leaves target/runtime for the runtime stage to copy.
#   1. jdeps lists the JDK modules that the classes of seq4j.jar and of every jar in target/lib need;
#   2. modules found only by name at run time are added: jdk.management (com.sun.management's MXBeans: memory
#      checks, bench), jdk.unsupported (sun.misc.Unsafe, for JavaCPP and others), jdk.crypto.ec and jdk.zipfs (TLS and
#      zip file systems some libraries open), jdk.localedata (number formats of other locales);
#   3. jlink writes a runtime with them, without debug symbols, headers and man pages.
# A module missing here shows as a NoClassDefFoundError in the image: .ci/container.sh runs every CLI path it
# exercises (train, eval, resume, sweep, generate, serve) inside it.
set -eu
cd "${1:-.}"
# (The jars are unpacked into one directory first: jdeps reads a jar with a module-info.class as a module, and
# nd4j-api's declares a package it does not have.)
rm -rf target/runtime-classes && mkdir target/runtime-classes
# (A platform's jar, *-linux-x86_64*.jar, holds native libraries, not classes: the CUDA build's are gigabytes.)
for jar in "$PWD"/target/seq4j.jar "$PWD"/target/lib/*.jar; do
  case "${jar##*/}" in *-linux-x86_64*|*-linux-arm64*|*-linux-ppc64le*|*-macosx-*|*-windows-*) continue;; esac
  (cd target/runtime-classes && jar xf "$jar")
done
rm -rf target/runtime-classes/META-INF target/runtime-classes/module-info.class
modules=$(jdeps --ignore-missing-deps --print-module-deps -q target/runtime-classes)
rm -rf target/runtime-classes
modules="$modules,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.localedata"
rm -rf target/runtime
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output target/runtime
echo "runtime.sh: $(du -sk target/runtime | cut -f1) KB, modules $modules"
