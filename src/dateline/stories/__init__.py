"""The stories stage: long-running stories and the events inside them.

``StoryClusterer(...).fit(articles)`` clusters a corpus; ``partial_fit(new)`` adds arrivals with
stable ids; ``stories_`` holds the :class:`~dateline.model.Story` records with their events.
"""

from dateline.stories.clusterer import StoryClusterer

__all__ = ["StoryClusterer"]
