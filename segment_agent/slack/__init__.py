"""The Slack bot: goals from mentions and direct messages, approval cards with buttons, over the service."""
