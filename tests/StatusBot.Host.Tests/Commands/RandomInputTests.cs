using System.Globalization;
using System.Text;
using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// Property-style: 10,000 random and mutated command strings, DM replies and interactions per store, from every
/// kind of caller. Whatever comes in, no exception escapes, every input gets a reply, and an input that failed
/// leaves every table exactly as it was.
/// </summary>
public class RandomInputTests
{
    private const int Inputs = 10_000;

    private static readonly string[] Junk =
    [
        "\"", "\u201C", "<@", "<#C1|", "<@U1|x>", "<#C2>", "<at>", "</at>", "@", "#", "|", ":", "/", "&lt;", "&amp;", "\n", "  ", "\U0001F7E2", "\U0001F534",
        "Payments", "Apollo", "Hermes", "Ledger", "Checkout", "to", "by", "needs", "from", "window", "remind", "owner", "mitigation", "in", "p3", "i9", "0", "-1",
        "2026-12-20", "2026-02-30", "1999-01-01", "10:00", "25:61", "monday", "Europe/Berlin", "Nowhere/Zone", "24h", "999h", "99999999999999999999", "#1", "'", "\\", "\t",
    ];

    private static readonly string[] DmSeeds =
    [
        "on track", "at risk: vendor late", "off track", "green\nprogress: shipped\nnext: more", "\U0001F7E1 slow week", "red", "Shipped the refund API.",
        "progress: a\nblockers: b; c\n- d", "on track\ndep {dep} eta 2026-12-18", "on track\ndep {dep} done", "on track\ndep {otherDep} done", "dep 12 eta soon",
        "team: Payments\nyellow", "team: Nowhere\ngreen", "help", "", "   ", "note: hi", ":large_green_circle:", "blockers: none",
    ];

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Ten_thousand_random_inputs_always_get_a_reply_and_failures_change_nothing(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var random = new Random(4242 + (int)store);
        var callers = Names.Keys.ToArray();
        var commands = VerbTable.All.SelectMany(spec => new[] { spec.Success }.Concat(spec.Errors.Select(e => e.Text)))
            .Concat(CommandCatalog.Verbs.Select(v => v.Example))
            .Select(text => VerbSpec.Fill(world, text))
            // A forgotten caller's next message is a first contact, which registers them anew even when it fails: by design.
            .Where(text => !text.StartsWith("forget", StringComparison.Ordinal))
            .ToArray();
        var dms = DmSeeds.Select(text => VerbSpec.Fill(world, text)).ToArray();
        var baseline = await world.FingerprintAsync();
        var succeeded = 0;

        for (var i = 0; i < Inputs; i++)
        {
            var caller = callers[random.Next(callers.Length)];
            var roll = random.Next(10);
            string input;
            ChatMessage? reply;
            bool changes;
            try
            {
                if (roll < 6)
                {
                    input = Mutate(random, commands[random.Next(commands.Length)]);
                    reply = await world.RunAsync(caller, input);
                    changes = reply.Kind is not (CommandReplies.ErrorKind or CommandReplies.RefusedKind);
                }
                else if (roll < 9)
                {
                    input = Mutate(random, dms[random.Next(dms.Length)]);
                    reply = await world.DirectMessageAsync(caller, input);
                    changes = false;
                }
                else
                {
                    input = Mutate(random, random.Next(2) == 0 ? world.Cycle.ToString(CultureInfo.InvariantCulture) : "{\"s\":\"AtRisk\",\"t\":1,\"p\":\"x\",\"n\":\"\",\"b\":[],\"d\":[]}");
                    reply = await InteractAsync(world, random, caller, input);
                    changes = false;
                }
            }
            catch (Exception exception)
            {
                Assert.Fail($"Input #{i} from {caller} threw {exception}");
                return;
            }

            Assert.True(reply is not null && reply.Blocks.Count > 0 && reply.Summary.Length > 0, $"Input #{i} '{input}' from {caller} got no reply");
            var now = await world.FingerprintAsync();
            if (changes)
            {
                succeeded++;
                baseline = now;
            }
            else
            {
                Assert.True(baseline == now, $"Input #{i} '{input}' from {caller} failed ({reply.Kind}: {reply.Summary}) but changed the store");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{store}: {succeeded} of {Inputs} inputs changed state; every other one was checked to leave the store untouched.");

        // The corpus is built from working commands, so a fair share must still work after mutation.
        Assert.InRange(succeeded, Inputs / 50, Inputs);
    }

    private static async Task<ChatMessage?> InteractAsync(CommandWorld world, Random random, string caller, string value)
    {
        var who = new Caller(caller, Names[caller]);
        if (random.Next(2) == 0)
        {
            var action = random.Next(3) switch { 0 => "checkin.status", 1 => "checkin.edit", _ => "checkin.nope" };
            return await world.Interactions.PressAsync(new ButtonPress(who, action, value), CancellationToken.None) switch
            {
                ButtonResult.Reply reply => reply.Message,
                ButtonResult.OpenForm form => CheckInFormMessage(form.Form),
                _ => null,
            };
        }

        var values = new Dictionary<string, string?>
        {
            ["status"] = random.Next(4) switch { 0 => "on_track", 1 => "bogus", 2 => null, _ => "at_risk" },
            ["progress"] = value,
            [$"dep:{world.Dependency}:eta"] = random.Next(3) == 0 ? Mutate(random, "2026-12-18") : null,
            [$"dep:{random.Next(1, 5)}:done"] = random.Next(2) == 0 ? "true" : "maybe",
        };
        var formId = random.Next(4) == 0 ? Mutate(random, $"checkin:{world.Cycle}") : $"checkin:{world.Cycle}";
        return await world.Interactions.SubmitAsync(new FormSubmission(who, formId, values), CancellationToken.None) switch
        {
            FormResult.Accepted accepted => accepted.Confirmation,
            FormResult.Invalid invalid when invalid.Errors.Count > 0 => new ChatMessage("form.invalid", string.Join(" ", invalid.Errors.Values), [new TextBlock(string.Join(" ", invalid.Errors.Keys))]),
            _ => null,
        };
    }

    private static ChatMessage CheckInFormMessage(FormBlock form) => new("checkin.form", form.Title, [form]);

    private static string Mutate(Random random, string text)
    {
        var mutations = random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var tokens = text.Split(' ').ToList();
            switch (random.Next(9))
            {
                case 0 when text.Length > 0:
                    text = text.Remove(random.Next(text.Length), 1);
                    break;
                case 1:
                    text = text.Insert(random.Next(text.Length + 1), Junk[random.Next(Junk.Length)]);
                    break;
                case 2 when tokens.Count > 1:
                    var (a, b) = (random.Next(tokens.Count), random.Next(tokens.Count));
                    (tokens[a], tokens[b]) = (tokens[b], tokens[a]);
                    text = string.Join(' ', tokens);
                    break;
                case 3 when tokens.Count > 1:
                    tokens.RemoveAt(random.Next(tokens.Count));
                    text = string.Join(' ', tokens);
                    break;
                case 4:
                    tokens[random.Next(tokens.Count)] = Junk[random.Next(Junk.Length)];
                    text = string.Join(' ', tokens);
                    break;
                case 5:
                    text = text[..random.Next(text.Length + 1)];
                    break;
                case 6:
                    var noise = new StringBuilder();
                    for (var c = random.Next(40); c > 0; c--)
                    {
                        noise.Append((char)random.Next(32, 0x2FF));
                    }

                    text = noise.ToString();
                    break;
                case 7:
                    text = text.ToUpperInvariant();
                    break;
                default:
                    tokens.Insert(random.Next(tokens.Count + 1), tokens[random.Next(tokens.Count)]);
                    text = string.Join(' ', tokens);
                    break;
            }
        }

        return text;
    }
}
