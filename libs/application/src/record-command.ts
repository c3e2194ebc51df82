import { Command } from '@nestjs/cqrs';
import { CommandContext } from './command-context';
import { CommandResult } from './command-runner';

// The shapes a command comes in. Each use case still declares its own class in its own file, with its own
// @CommandHandler beside it; the class only says what its body holds.

// Creates a record: the body and who asks.
export abstract class NewRecordCommand<Input, Result = CommandResult> extends Command<Result> {
  constructor(
    readonly input: Input,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

// Changes one record: its id, the body and who asks.
export abstract class RecordCommand<Input, Result = CommandResult> extends Command<Result> {
  constructor(
    readonly id: string,
    readonly input: Input,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

// Changes one record with nothing to say but who asks (submit, close, expire).
export abstract class BareRecordCommand<Result = CommandResult> extends Command<Result> {
  constructor(
    readonly id: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
