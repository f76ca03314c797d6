"""Story clustering: group the articles that report one event, incrementally, with stable ids.

from storyline.cluster import cluster_items, Clusterer, cluster_store
stories = cluster_items(items)             # batch over ClusterItem records
clusterer = Clusterer(); clusterer.add(items)   # incremental, any arrival order
report = cluster_store(store)              # incremental over a Store
"""

from storyline.cluster.batch import cluster_items
from storyline.cluster.engine import StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem, Link, Story, StoryEvent
from storyline.cluster.run import ClusterReport, cluster_store
from storyline.cluster.stream import Clusterer

__all__ = [
    "ClusterConfig",
    "ClusterItem",
    "ClusterReport",
    "Clusterer",
    "Link",
    "Story",
    "StoryEngine",
    "StoryEvent",
    "cluster_items",
    "cluster_store",
]
