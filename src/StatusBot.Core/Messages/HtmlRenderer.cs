using System.Globalization;
using System.Net;
using System.Text;
namespace StatusBot.Core.Messages;

/// <summary>
/// Renders the core's neutral <see cref="ChatMessage"/> as an HTML fragment for the web pages that show messages: the
/// playground (an adapter) and the dashboard (the host). It lives beside the message model so neither depends on the other.
/// Every piece of text is HTML-encoded; only the markup produced here is trusted. Buttons and forms
/// carry data attributes the playground's script posts back as button presses and form submissions.
/// Instants are shown in the reader's zone when it is known, else in the zone the message was written for (the team's).
/// </summary>
public static class HtmlRenderer
{
    public static string Render(ChatMessage message, TimeZoneInfo? readerZone = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"msg\" data-kind=\"{Encode(message.Kind)}\">");
        foreach (var block in message.Blocks)
        {
            RenderBlock(html, block, readerZone);
        }

        html.Append("</div>");
        return html.ToString();
    }

    private static void RenderBlock(StringBuilder html, MessageBlock block, TimeZoneInfo? zone)
    {
        switch (block)
        {
            case HeaderBlock header:
                html.Append(CultureInfo.InvariantCulture, $"<h3>{Encode(header.Text)}</h3>");
                break;
            case TextBlock text:
                html.Append(CultureInfo.InvariantCulture, $"<p>{Inline(text.Text, zone)}</p>");
                break;
            case FieldsBlock fields:
                html.Append("<dl class=\"fields\">");
                foreach (var field in fields.Fields)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<dt>{Encode(field.Label)}</dt><dd>{Inline(field.Value, zone)}</dd>");
                }

                html.Append("</dl>");
                break;
            case StatusBlock status:
                html.Append(CultureInfo.InvariantCulture,
                    $"<div class=\"status\"><span class=\"badge {BadgeClass(status.Status)}\">{Encode(BadgeText(status.Status))}</span> <strong>{Encode(status.Label)}</strong> {Inline(status.Text, zone)}</div>");
                break;
            case ContextBlock context:
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"context\">{Inline(context.Text, zone)}</p>");
                break;
            case DividerBlock:
                html.Append("<hr>");
                break;
            case ActionsBlock actions:
                html.Append("<div class=\"actions\">");
                foreach (var button in actions.Buttons)
                {
                    html.Append(button.Url is { } url
                        ? $"<a class=\"button {StyleClass(button.Style)}\" href=\"{Encode(url)}\" target=\"_blank\" rel=\"noopener\">{Encode(button.Label)}</a>"
                        : $"<button type=\"button\" class=\"{StyleClass(button.Style)}\" data-action=\"{Encode(button.ActionId)}\" data-value=\"{Encode(button.Value)}\">{Encode(button.Label)}</button>");
                }

                html.Append("</div>");
                break;
            case FormBlock form:
                RenderForm(html, form);
                break;
        }
    }

    /// <summary>A real HTML form; the script submits its values keyed by input id.</summary>
    public static string RenderForm(FormBlock form)
    {
        var html = new StringBuilder();
        RenderForm(html, form);
        return html.ToString();
    }

    private static void RenderForm(StringBuilder html, FormBlock form)
    {
        html.Append(CultureInfo.InvariantCulture, $"<form class=\"sb-form\" data-form-id=\"{Encode(form.FormId)}\"><h4>{Encode(form.Title)}</h4>");
        foreach (var input in form.Inputs)
        {
            var id = Encode(input.Id);
            var required = input.Required ? " required" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"field\" data-input=\"{id}\">");
            switch (input)
            {
                case ChoiceInput choice:
                    html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Encode(choice.Label)}</legend>");
                    foreach (var option in choice.Options)
                    {
                        var isChecked = option.Value == choice.Selected ? " checked" : string.Empty;
                        html.Append(CultureInfo.InvariantCulture,
                            $"<label><input type=\"radio\" name=\"{id}\" value=\"{Encode(option.Value)}\"{isChecked}{required}> {Encode(option.Label)}</label>");
                    }

                    html.Append("</fieldset>");
                    break;
                case TextInput text when text.Multiline:
                    html.Append(CultureInfo.InvariantCulture,
                        $"<label>{Encode(text.Label)}<textarea name=\"{id}\" maxlength=\"{text.MaxLength}\" placeholder=\"{Encode(text.Placeholder ?? string.Empty)}\"{required}>{Encode(text.Value ?? string.Empty)}</textarea></label>");
                    break;
                case TextInput text:
                    html.Append(CultureInfo.InvariantCulture,
                        $"<label>{Encode(text.Label)}<input type=\"text\" name=\"{id}\" maxlength=\"{text.MaxLength}\" value=\"{Encode(text.Value ?? string.Empty)}\" placeholder=\"{Encode(text.Placeholder ?? string.Empty)}\"{required}></label>");
                    break;
                case DateInput date:
                    html.Append(CultureInfo.InvariantCulture,
                        $"<label>{Encode(date.Label)}<input type=\"date\" name=\"{id}\" value=\"{date.Value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"{required}></label>");
                    break;
                case CheckboxInput checkbox:
                    html.Append(CultureInfo.InvariantCulture,
                        $"<label><input type=\"checkbox\" name=\"{id}\"{(checkbox.Checked ? " checked" : string.Empty)}> {Encode(checkbox.Label)}</label>");
                    break;
            }

            html.Append("<span class=\"error\"></span></div>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" class=\"primary\">{Encode(form.SubmitLabel)}</button></form>");
    }

    /// <summary>Inline markup to HTML: bold, italic, safe links (http/https only), mentions and instants (in <paramref name="readerZone"/> if given).</summary>
    public static string Inline(string text, TimeZoneInfo? readerZone = null)
    {
        var html = new StringBuilder();
        foreach (var span in InlineMarkup.Parse(text))
        {
            html.Append(span.Kind switch
            {
                InlineKind.Bold => $"<strong>{Encode(span.Text)}</strong>",
                InlineKind.Italic => $"<em>{Encode(span.Text)}</em>",
                InlineKind.Link => $"<a href=\"{Encode(span.Target!)}\" target=\"_blank\" rel=\"noopener\">{Encode(span.Text)}</a>",
                InlineKind.Mention => $"<span class=\"mention\" title=\"{Encode(span.Target!)}\">@{Encode(span.Text)}</span>",
                InlineKind.Instant when span.At is { } at =>
                    $"<time datetime=\"{at:yyyy-MM-ddTHH:mm:ssZ}\">{Encode(readerZone is null ? span.Text : InlineMarkup.FormatInstant(at, readerZone))}</time>",
                _ => Encode(span.Text).Replace("\n", "<br>", StringComparison.Ordinal),
            });
        }

        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The CSS class of a badge (<c>on-track</c>, <c>at-risk</c>…), shared by every page that shows one.</summary>
    public static string BadgeClass(StatusBadge badge) => badge switch
    {
        StatusBadge.OnTrack => "on-track",
        StatusBadge.AtRisk => "at-risk",
        StatusBadge.OffTrack => "off-track",
        StatusBadge.Done => "done",
        _ => "unknown",
    };

    public static string BadgeText(StatusBadge badge) => badge switch
    {
        StatusBadge.OnTrack => "On track",
        StatusBadge.AtRisk => "At risk",
        StatusBadge.OffTrack => "Off track",
        StatusBadge.Done => "Done",
        _ => "No answer",
    };

    private static string StyleClass(ButtonStyle style) => style switch
    {
        ButtonStyle.Primary => "primary",
        ButtonStyle.Danger => "danger",
        _ => "plain",
    };
}
