"""The site half of the plugin: published articles -> the facts, views, pages and files of the digest.

readback.py turns each Pelican article (and, for a generated one, its record in
annotations.json) into ArticleFacts; catalogue.py derives what spans articles
(entity summaries, the timeline's groups, related articles); views.py and model.py
make the typed values templates read (``article.digest``, ``context["digest"]``);
generator.py, feeds.py and export.py write the pages and files. Only
``news_digest.hooks`` hands Pelican's objects in.
"""
