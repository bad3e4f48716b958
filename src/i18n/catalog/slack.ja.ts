// Messages for "slack" in Japanese. Keys are "slack.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
