// Messages for "slack" in English. Keys are "slack.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
