"""The inspection workspace: checklist tree, item pane, defects and summary for one inspection."""
