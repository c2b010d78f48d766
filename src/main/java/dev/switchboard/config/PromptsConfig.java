package dev.switchboard.config;

/**
 * {@code prompts}: the folder of prompt files ({@code *.yaml}, each one prompt published as a REST API) and how
 * often it is checked for changes (hot reload).
 */
public record PromptsConfig(String dir, long reloadIntervalMs) {}
