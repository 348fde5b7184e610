"""The meetings app's views: the pages everyone reads (``pages``) and the secretariat's
workspace where meetings are prepared, run and closed (``workspace``)."""
