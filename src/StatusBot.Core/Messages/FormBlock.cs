using System.Text.Json.Serialization;

namespace StatusBot.Core.Messages;

/// <summary>
/// A form the person fills in and submits: a Slack modal, an Adaptive Card with Action.Submit, an HTML form.
/// The submitted values come back keyed by <see cref="FormInput.Id"/>.
/// </summary>
/// <param name="FormId">Identifies the form kind and its subject, e.g. <c>checkin:42</c> (cycle 42).</param>
public sealed record FormBlock(string FormId, string Title, string SubmitLabel, IReadOnlyList<FormInput> Inputs) : MessageBlock;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ChoiceInput), "choice")]
[JsonDerivedType(typeof(TextInput), "text")]
[JsonDerivedType(typeof(DateInput), "date")]
[JsonDerivedType(typeof(CheckboxInput), "checkbox")]
public abstract record FormInput(string Id, string Label, bool Required);

/// <summary>Pick one of several options (radio buttons).</summary>
public sealed record ChoiceInput(string Id, string Label, bool Required, IReadOnlyList<ChoiceOption> Options, string? Selected = null)
    : FormInput(Id, Label, Required);

public sealed record ChoiceOption(string Value, string Label);

public sealed record TextInput(string Id, string Label, bool Required, bool Multiline, string? Value = null, string? Placeholder = null, int MaxLength = 3000)
    : FormInput(Id, Label, Required);

public sealed record DateInput(string Id, string Label, bool Required, DateOnly? Value = null)
    : FormInput(Id, Label, Required);

public sealed record CheckboxInput(string Id, string Label, bool Required, bool Checked = false)
    : FormInput(Id, Label, Required);
