"""Outputs: what geomap's records become for users and their tools.

* :mod:`geomap.output.geojson`: places, events and control GeoJSON, and the one
  definition of rounding;
* :mod:`geomap.output.tables`: events and gazetteer CSV, in ACLED's columns;
* :mod:`geomap.output.csvcells`: CSV cells safe to open in a spreadsheet;
* :mod:`geomap.output.terminal`: the tables the command line prints;
* :mod:`geomap.output.evaluation`: the scores ``geomap evaluate`` prints (table, JSON);
* :mod:`geomap.output.files`: all-or-nothing files and output folders.

The processing stages (text, places, events, control) never import this package.
"""
