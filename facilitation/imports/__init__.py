"""Reading timelines from elsewhere: Slack exports, chat logs and timeline CSV files."""
