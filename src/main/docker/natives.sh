#!/bin/sh
# natives.sh: the native libraries of the CPU image, unpacked once at build time (issue 26). Run by the Dockerfile's
# build stages from /src after `mvnw package`; leaves target/native for the runtime stage to copy.
#
# A run in the image must not unpack ~440 MB into ~/.javacpp/cache each time (5 s of every start, and a HOME that
# may not be writable), so:
#   1. `seq4j info` loads the ND4J backend once with JavaCPP's cache pointed at target/native: whatever it unpacks
#      is what a run loads (the ND4J build, OpenBLAS, JavaCPP's own library, their GCC runtime libraries);
#   2. byte-identical copies become links (the OpenBLAS jar carries libopenblas.so.0 twice, as itself and as
#      libopenblas_nolapack.so.0: 31 MB);
#   3. symbol tables are stripped where `strip` exists (binutils: in Temurin's JDK images; 36 MB of libnd4jcpu.so);
#   4. every lib*.so* is linked into target/native/lib, the java.library.path the entrypoint passes: JavaCPP looks
#      there for a library whose jar is not on the class path, dependencies (preloads) included;
#   5. the jars those libraries came from are deleted from target/lib, so the image carries them once.
# Only a CPU build: the CUDA natives cannot be loaded without a GPU, so the CUDA image keeps its jars and unpacks
# as before.
set -eu
cd "${1:-.}"
mkdir -p target/native/lib
if ! ls target/lib | grep -q '^nd4j-native-.*linux-x86_64'; then
  echo "natives.sh: no CPU build of ND4J in target/lib: the natives stay in their jars"
  exit 0
fi
before=$(du -sk target/native | cut -f1)
java -Djava.awt.headless=true -Dorg.bytedeco.javacpp.cachedir=target/native -jar target/seq4j.jar info > /dev/null

cd target/native
# 2. Identical files (same checksum): keep the first, link the others to it.
find . -path ./lib -prune -o -type f -name 'lib*.so*' -print | sort | xargs md5sum | sort -k1,1 -s \
  | while read -r sum file; do
      if [ "$sum" = "${last_sum:-}" ]; then
        ln -sf "$(realpath --relative-to="$(dirname "$file")" "$last_file")" "$file"
        echo "natives.sh: $file is a copy of $last_file: linked"
      else
        last_sum=$sum; last_file=$file
      fi
    done
# 3. Symbols: the dynamic symbol table (what JNI and the dynamic linker use) stays.
if command -v strip > /dev/null; then
  find . -path ./lib -prune -o -type f -name 'lib*.so*' -print | xargs strip --strip-unneeded
else
  echo "natives.sh: no strip in this build image (binutils): the libraries keep their symbol tables"
fi
# 4. and 5.
cd lib
# (Files, and relative links such as the copies of step 2; JavaCPP's own links between jars are absolute paths of
# this build stage.)
find .. -path ../lib -prune -o -name 'lib*.so*' \( -type f -o -type l ! -lname '/*' \) -print \
  | while read -r f; do ln -s "$f" .; done
for jar in ../*.jar; do [ ! -e "$jar" ] || rm -f "../../lib/${jar##*/}"; done
echo "natives.sh: $(ls | wc -l) libraries in target/native/lib, $(du -sk .. | cut -f1) KB unpacked"
