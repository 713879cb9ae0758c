"""The domain: records loaders produce, views stores return, and the errors every layer raises."""
