"""The application's services: what the CLI, REST and GraphQL ask for, done once over the store port."""
