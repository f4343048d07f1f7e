# One helper per kind of target, so every folder builds the same way.
#
# vireo_add_component(NAME journal SOURCES a.cpp b.cpp DEPS vireo::support)
#   -> static library vireo_journal, alias vireo::journal. Headers are included
#      by their path from the repository root ("actors/journal/journal.hpp").
# vireo_add_executable(NAME vireod SOURCES main.cpp DEPS ...)
# vireo_add_test(NAME journal_test SOURCES t.cpp DEPS vireo::journal)
#   -> GoogleTest binary registered with CTest, one CTest entry per TEST().

option(VIREO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

function(vireo_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  if(VIREO_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

function(vireo_add_component)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(vireo_${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(vireo::${ARG_NAME} ALIAS vireo_${ARG_NAME})
  vireo_target_defaults(vireo_${ARG_NAME})
  target_link_libraries(vireo_${ARG_NAME} PUBLIC ${ARG_DEPS})
endfunction()

function(vireo_add_executable)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  vireo_target_defaults(${ARG_NAME})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
  # Every binary lands next to vireod, so vireod finds vireo-vm beside itself.
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
endfunction()

# jemalloc for the node's binaries: the invocation path allocates and frees
# small objects on many threads, where glibc's malloc cost a quarter of the
# median latency at half the peak load (docs/dependencies.md). Sanitizer builds
# keep glibc's, which ASan replaces.
find_package(PkgConfig REQUIRED)
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
function(vireo_link_allocator target)
  if(NOT VIREO_SANITIZE)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()

include(GoogleTest)
function(vireo_add_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  vireo_target_defaults(${ARG_NAME})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  # An empty LABELS value would vanish from the list and make ENVIRONMENT the
  # label (and drop the environment): name LABELS only when there are some.
  # gtest_discover_tests flattens properties into one list, so a value may
  # not hold a ';': each variable goes in a property of its own.
  set(labels "")
  if(ARG_LABELS)
    set(labels LABELS "${ARG_LABELS}")
  endif()
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
    PROPERTIES TIMEOUT ${ARG_TIMEOUT} ${labels}
               ENVIRONMENT "VIREO_BIN_DIR=${PROJECT_BINARY_DIR}/bin"
               ENVIRONMENT_MODIFICATION "VIREO_SOURCE_DIR=set:${PROJECT_SOURCE_DIR}")
endfunction()

# Adds every immediate sub-folder that has a CMakeLists.txt, in name order, so a
# new component needs no edit of its parent's list.
# VIREO_SKIP_DIRS: folders (relative to the source root) to leave out of a
# local build, e.g. while another change to them is half-written.
set(VIREO_SKIP_DIRS "" CACHE STRING "Folders to leave out of the build (local use only)")

function(vireo_add_subdirectories)
  # CONFIGURE_DEPENDS: a folder that gains a CMakeLists.txt re-runs the configure step.
  file(GLOB manifests CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*/CMakeLists.txt)
  list(SORT manifests)
  foreach(manifest IN LISTS manifests)
    get_filename_component(child ${manifest} DIRECTORY)
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/${child})
    if(NOT relative IN_LIST VIREO_SKIP_DIRS)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
