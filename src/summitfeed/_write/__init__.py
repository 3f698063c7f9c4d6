"""Where documents go: files in the output folder, WebSub hubs, an app's responses."""
