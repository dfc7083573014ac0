// The yardstick for `edis --help` start-up (scripts/bench.ts): the smallest commander program with a command and an option.
import { Command } from "commander";

const program = new Command("hello").description("Says hello");
program
  .command("greet")
  .description("Greets someone")
  .option("--name <name>", "who to greet", "world")
  .action((options) => console.log(`hello, ${options.name}`));
program.parse();
