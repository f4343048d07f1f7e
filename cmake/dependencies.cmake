# Every third-party library Vireo links, found once. scripts/setup.sh installs the
# Debian packages that provide them.
find_package(Threads REQUIRED)

# CAF 0.17.6 ships neither a CMake config nor a pkg-config file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIB caf_core REQUIRED)
add_library(vireo_caf INTERFACE)
add_library(caf::core ALIAS vireo_caf)
target_include_directories(vireo_caf SYSTEM INTERFACE ${CAF_INCLUDE_DIR})
target_link_libraries(vireo_caf INTERFACE ${CAF_CORE_LIB} Threads::Threads)

find_package(cppzmq REQUIRED)
find_package(msgpack REQUIRED)  # Debian's msgpack-cxx 4.x: target msgpackc-cxx
find_package(RocksDB REQUIRED)
find_package(prometheus-cpp REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(GTest REQUIRED)
