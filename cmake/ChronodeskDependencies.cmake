# Everything comes from Debian packages (see scripts/dev.sh deps).
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(simdjson REQUIRED)

set(CHRONODESK_QT_COMPONENTS Core Test Concurrent)
if(CHRONODESK_BUILD_GUI)
  list(APPEND CHRONODESK_QT_COMPONENTS Gui Widgets Charts Sql)
endif()
find_package(Qt6 6.4 REQUIRED COMPONENTS ${CHRONODESK_QT_COMPONENTS})
qt_standard_project_setup()
# moc's compiler predefines are generated without -std=c++20, which makes Qt
# 6.4's moc choke on <concepts> pulled in by <coroutine>; moc needs none of them.
set(CMAKE_AUTOMOC_COMPILER_PREDEFINES OFF)
