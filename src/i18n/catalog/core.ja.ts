// Messages for "core" in Japanese. Keys are "core.…"; {name} is a placeholder.
export default {} satisfies Record<string, string>;
