# add_qt_test(name LIBS lib... [LABELS label...] [TIMEOUT seconds])
# Builds tst_<name>.cpp from the current folder and registers it with ctest.
function(add_qt_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "LIBS;LABELS;SOURCES" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set(target tst_${name})
  add_executable(${target} tst_${name}.cpp ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Qt6::Test chronodesk_warnings ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${target})
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${ARG_TIMEOUT}
    LABELS "${ARG_LABELS}"
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CHRONODESK_TEST_DATA=${CMAKE_CURRENT_SOURCE_DIR}/data")
endfunction()
