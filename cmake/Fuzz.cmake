# Fuzz targets: portcullis_fuzz_target() pairs a libFuzzer entry point with its seed corpus.
# Configure-time only (CMake); no runtime state, so thread-safety does not apply.
#
# Every target gets a replay test (always built with the tests) that runs each corpus file through
# LLVMFuzzerTestOneInput. With -DPORTCULLIS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ (use a separate
# build directory) every library is compiled with coverage instrumentation and sanitizers, and each
# target also becomes a libFuzzer executable: ./NAME -max_total_time=60 <corpus dir>.

option(PORTCULLIS_FUZZ "Build libFuzzer targets (needs clang)" OFF)
set(PORTCULLIS_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all)
if(PORTCULLIS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PORTCULLIS_FUZZ needs clang (-fsanitize=fuzzer)")
  endif()
  # Coverage feedback from the code under test, not only from the entry points.
  # -UNDEBUG: our own asserts are worth tripping while fuzzing. Not Boost's: Beast 1.81 asserts
  # n >= 5 in parse_chunk_header on valid split input ("0\r\n" then more; boostorg/beast#2861).
  add_compile_options(-fsanitize=fuzzer-no-link ${PORTCULLIS_FUZZ_SANITIZERS}
                      -fno-omit-frame-pointer -UNDEBUG -DBOOST_DISABLE_ASSERTS)
  add_link_options(${PORTCULLIS_FUZZ_SANITIZERS})
endif()

set(PORTCULLIS_FUZZ_REPLAY_SOURCE ${PROJECT_SOURCE_DIR}/src/common/testing/fuzz_replay_test.cc)

# portcullis_fuzz_target(NAME ENTRY_SOURCE file CORPUS_DIR dir [MIN_SEEDS n] DEPS libs...)
# NAME_replay_test: a GoogleTest replaying CORPUS_DIR (at least MIN_SEEDS files, default 5) plus
# edge inputs; NAME: the libFuzzer executable under PORTCULLIS_FUZZ. Relative paths are relative
# to the calling CMakeLists.txt.
function(portcullis_fuzz_target name)
  cmake_parse_arguments(F "" "ENTRY_SOURCE;CORPUS_DIR;MIN_SEEDS" "DEPS" ${ARGN})
  if(NOT F_ENTRY_SOURCE OR NOT F_CORPUS_DIR)
    message(FATAL_ERROR "portcullis_fuzz_target(${name}) needs ENTRY_SOURCE and CORPUS_DIR")
  endif()
  if(NOT F_MIN_SEEDS)
    set(F_MIN_SEEDS 5)
  endif()
  get_filename_component(corpus "${F_CORPUS_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${corpus}")
    message(FATAL_ERROR "portcullis_fuzz_target(${name}): no corpus directory ${corpus}")
  endif()

  # http_request_fuzz -> HttpRequestFuzz, the replay test's suite name (unique across binaries).
  string(REPLACE "_" ";" words "${name}")
  set(suite "")
  foreach(word IN LISTS words)
    string(SUBSTRING "${word}" 0 1 head)
    string(SUBSTRING "${word}" 1 -1 tail)
    string(TOUPPER "${head}" head)
    string(APPEND suite "${head}${tail}")
  endforeach()

  portcullis_test(${name}_replay_test
    SOURCES ${F_ENTRY_SOURCE} ${PORTCULLIS_FUZZ_REPLAY_SOURCE}
    DEPS ${F_DEPS})
  if(TARGET ${name}_replay_test)
    target_compile_definitions(${name}_replay_test PRIVATE
      PORTCULLIS_FUZZ_CORPUS="${corpus}"
      PORTCULLIS_FUZZ_SUITE=${suite}ReplayTest
      PORTCULLIS_FUZZ_MIN_SEEDS=${F_MIN_SEEDS})
  endif()

  if(PORTCULLIS_FUZZ)
    add_executable(${name} ${F_ENTRY_SOURCE})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${F_DEPS})
  endif()
endfunction()
