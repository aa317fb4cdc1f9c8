// placeholder replaced by the CLI module
export {};
