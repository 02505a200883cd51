"""The text layer: an article read once, for every later stage.

* :mod:`geomap.text.articles`: read a file or standard input (encoding, HTML → main
  text, the article's own date) into an :class:`~geomap.model.Article`;
* :mod:`geomap.text.sentences`: the one sentence splitter;
* :mod:`geomap.text.dates`: the one date grammar (date words resolved against the
  article's date);
* :mod:`geomap.text.quantities`: counts of people ("67 men", "dozens", "at least 20");
* :mod:`geomap.text.normalize`: tokens and the folds that make spellings meet
  (transliteration, Arabic script);
* :mod:`geomap.text.cues`: the words around a name that say what it is (data);
* :mod:`geomap.text.document`: all of the above, once, as a
  :class:`~geomap.model.Document`.
"""
