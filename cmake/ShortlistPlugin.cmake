# shortlist_add_plugin(NAME SOURCES... [LIBRARIES libs...])
#
# Builds a shortlist plugin: a shared object NAME.so that includes only
# <shortlist/plugin.h>. Usable from this tree and from a plugin's own project:
#
#   set(SHORTLIST_INCLUDE_DIR /path/to/shortlist/core/include)
#   include(/path/to/shortlist/cmake/ShortlistPlugin.cmake)
#   shortlist_add_plugin(myplugin myplugin.c)
#
# Load it with `shortlist --plugin-path DIR` or SHORTLIST_PLUGIN_PATH.
if(NOT SHORTLIST_INCLUDE_DIR)
  get_filename_component(SHORTLIST_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../core/include" ABSOLUTE)
endif()
if(NOT SHORTLIST_PLUGIN_OUTPUT_DIR)
  set(SHORTLIST_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
endif()

function(shortlist_add_plugin name)
  cmake_parse_arguments(ARG "" "" "LIBRARIES" ${ARGN})
  add_library(${name} MODULE ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    LIBRARY_OUTPUT_DIRECTORY "${SHORTLIST_PLUGIN_OUTPUT_DIR}")
  target_include_directories(${name} PRIVATE "${SHORTLIST_INCLUDE_DIR}")
  if(ARG_LIBRARIES)
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
  endif()
endfunction()
