"""Stories: a mixed pile of articles grouped by event before the cross-article stages.

Entities and outlets are resolved over the whole corpus; claims, independence and conflicts are
then found within each story, so no claim or conflict joins two unrelated events.
"""

from sourcetrace.stories.group import StoryGroups, group_stories, pair_score, story_id, story_text

__all__ = ["StoryGroups", "group_stories", "pair_score", "story_id", "story_text"]
