# Build switches shared by every preset.
option(CHRONODESK_WERROR "Treat warnings as errors on our own targets" OFF)
option(CHRONODESK_BUILD_TESTS "Build the Qt Test suites" ON)
option(CHRONODESK_BUILD_BENCH "Build the benchmarks in tests/bench" ON)
option(CHRONODESK_BUILD_GUI "Build models, ui and the desktop app" ON)
option(CHRONODESK_SANITIZE "Build with address and undefined-behaviour sanitizers" OFF)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
