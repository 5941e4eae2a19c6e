using System.Diagnostics;
using StatusBot.Core.Commands.Authorization;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.Observability;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Commands;

/// <summary>
/// The command layer every platform feeds (<see cref="ICommandHandler"/>): tokenizes, finds the verb, registers
/// the caller, runs the verb in one store session and commits only on success. All command errors become
/// replies here and nowhere else; an exception never reaches the adapter.
/// </summary>
public sealed class CommandDispatcher(
    IStatusBotStore store,
    CallerRegistration registration,
    IEnumerable<ICommandVerb> verbs,
    ConfiguredAdmins admins,
    TimeProvider time,
    ICommandDiagnostics diagnostics) : ICommandHandler
{
    /// <summary>Longer text is not a command anyone typed; refusing it early keeps parsing cheap.</summary>
    public const int MaxLength = 4000;

    private readonly Dictionary<Type, ICommandVerb> _verbs = verbs.ToDictionary(verb => verb.GetType());

    public async Task<ChatMessage> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // One span and one latency sample per command, labelled with the verb (a bounded set) and how it ended.
        using var activity = StatusBotTelemetry.ActivitySource.StartActivity("command");
        var started = Stopwatch.GetTimestamp();
        var outcome = new CommandOutcome();
        try
        {
            return await HandleCoreAsync(request, outcome, cancellationToken);
        }
        finally
        {
            var verbName = outcome.Verb?.Name ?? "unknown";
            StatusBotTelemetry.RecordCommand(verbName, outcome.Result, Stopwatch.GetElapsedTime(started));
            if (activity is not null)
            {
                activity.DisplayName = "command " + verbName;
                activity.SetTag("statusbot.verb", verbName);
                activity.SetTag("statusbot.outcome", outcome.Result);
                activity.SetStatus(outcome.Result == "failed" ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
            }
        }
    }

    private async Task<ChatMessage> HandleCoreAsync(CommandRequest request, CommandOutcome outcome, CancellationToken cancellationToken)
    {
        if (!PersonIdentity.TryParse(request.Caller.Identity, out var identity, out _))
        {
            outcome.Result = "refused";
            return CommandReplies.Error("I could not tell who you are, so I did nothing. (The chat platform sent no usable identity.)");
        }

        VerbInfo? verb = null;
        try
        {
            // First contact registers the caller, whatever they typed.
            var caller = await registration.RegisterAsync(request.Caller, cancellationToken);
            var text = request.Text ?? string.Empty;
            if (text.Length > MaxLength)
            {
                outcome.Result = "input_error";
                return CommandReplies.Error($"That command is {text.Length} characters long; commands are at most {MaxLength}.");
            }

            var tokens = Tokenizer.Tokenize(text, identity, request.Mentions);
            var (found, argumentStart, unknown) = Match(tokens);
            if (found is null)
            {
                outcome.Result = "not_found";
                return unknown!;
            }

            verb = found;
            outcome.Verb = found;
            var reply = await RunAsync(request, caller, verb, () => new ArgumentReader(tokens, argumentStart, found.Keywords), cancellationToken);
            outcome.Result = "ok";
            return reply;
        }
        catch (CommandInputException exception)
        {
            outcome.Result = "input_error";
            return CommandReplies.Error(exception.Message, verb, exception.Suggestion);
        }
        catch (CommandNotFoundException exception)
        {
            outcome.Result = "not_found";
            return CommandReplies.NotFound(exception.Message, exception.Closest, verb);
        }
        catch (CommandRefusedException exception)
        {
            outcome.Result = "refused";
            return CommandReplies.Refused(exception.Message, verb ?? CommandCatalog.Verbs[0]);
        }
        catch (ConcurrencyConflictException)
        {
            outcome.Result = "conflict";
            return CommandReplies.Error("Others changed the same thing at the same moment, again and again, so I changed nothing. Please try again.", verb);
        }
        catch (DuplicateEntityException exception)
        {
            outcome.Result = "input_error";
            return CommandReplies.Error($"That already exists, so nothing was changed. ({exception.Message})", verb);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome.Result = "failed";
            diagnostics.Unexpected($"command '{verb?.Name ?? "?"}' from {request.Caller.Identity}", exception);
            return CommandReplies.Unexpected();
        }
    }

    private async Task<ChatMessage> RunAsync(CommandRequest request, Person caller, VerbInfo verb, Func<ArgumentReader> arguments, CancellationToken cancellationToken)
    {
        // A verb that lost a race with a concurrent change (a `dep eta` while the slip scan re-evaluated the same
        // dependency) runs again from its reads, so it decides on what is now true; its context (with any after-commit
        // work) is the one of the run that committed.
        var (context, reply) = await UnitOfWork.RetryOnConflictAsync(async () =>
        {
            await using var session = await store.BeginAsync(cancellationToken);
            var attempt = new CommandContext(request, caller, verb, session, admins, time, cancellationToken);
            var attemptReply = await _verbs[verb.Handler].RunAsync(attempt, arguments());
            await AuditTrail.RecordAsync(attempt, cancellationToken);
            await session.CommitAsync(cancellationToken);
            return (attempt, attemptReply);
        });

        foreach (var action in context.AfterCommitActions)
        {
            try
            {
                reply = await action(reply, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not CommandException)
            {
                // The change is stored; the engine re-reads schedules on start, so a failed re-sync heals later.
                diagnostics.Unexpected($"after-commit work of '{verb.Name}'", exception);
                reply = reply with { Blocks = [.. reply.Blocks, new ContextBlock("Part of this could not be completed right now; the failure is logged for your StatusBot admin.")] };
            }
        }

        return reply;
    }

    /// <summary>Finds the verb the tokens start with, or the error reply that teaches the right one.</summary>
    private static (VerbInfo? Verb, int ArgumentStart, ChatMessage? Error) Match(IReadOnlyList<Token> tokens)
    {
        if (tokens.Count == 0)
        {
            return (CommandCatalog.Find("help"), 0, null);
        }

        var first = tokens[0];
        var second = tokens.Count > 1 && tokens[1].Kind == TokenKind.Word ? tokens[1].Text : null;
        if (first.Kind == TokenKind.Word)
        {
            if (second is not null && CommandCatalog.Find($"{first.Text} {second}") is { } twoWords)
            {
                return (twoWords, 2, null);
            }

            if (CommandCatalog.Find(first.Text) is { } oneWord && !oneWord.Name.Contains(' ', StringComparison.Ordinal))
            {
                return (oneWord, 1, null);
            }

            var ofNoun = CommandCatalog.OfNoun(first.Text);
            if (ofNoun.Count > 0)
            {
                var actions = ofNoun.Select(v => v.Name.Split(' ')[1]).ToList();
                var hint = second is null ? [] : Suggest.Closest(second, actions, 1);
                var problem = second is null
                    ? $"{InlineMarkup.Bold(first.Text)} needs an action: {string.Join(", ", actions)}."
                    : $"{InlineMarkup.Bold($"{first.Text} {second}")} is not a command.";
                return (null, 0, CommandReplies.Error(problem, suggestion: hint.Count > 0 ? $"{ofNoun[0].Noun} {hint[0]}" : null, usages: ofNoun));
            }
        }

        var typed = second is null ? first.Display : $"{first.Display} {second}";
        var names = CommandCatalog.Verbs.Select(v => v.Name).Concat(CommandCatalog.Verbs.Select(v => v.Noun)).Distinct().ToList();
        var suggestion = Suggest.Closest(typed, names, 1).Concat(Suggest.Closest(first.Text, names, 1)).FirstOrDefault();
        var usage = suggestion is null ? null : CommandCatalog.Find(suggestion);
        return (null, 0, CommandReplies.Error(
            $"I do not know the command {InlineMarkup.Bold(first.Display)}.",
            suggestion: suggestion,
            usages: usage is null ? (suggestion is null ? null : CommandCatalog.OfNoun(suggestion)) : [usage]));
    }
}

/// <summary>How one command ended, for its latency label and span: the verb once matched, and the outcome.</summary>
internal sealed class CommandOutcome
{
    public VerbInfo? Verb { get; set; }

    /// <summary><c>ok</c>, <c>input_error</c>, <c>not_found</c>, <c>refused</c>, <c>conflict</c> or <c>failed</c>; <c>cancelled</c> when cut short.</summary>
    public string Result { get; set; } = "cancelled";
}
