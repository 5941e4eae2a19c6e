namespace StatusBot.Slack.Rendering;

/// <summary>Block Kit's size limits (https://api.slack.com/reference/block-kit/blocks); the renderer cuts to fit.</summary>
internal static class BlockKitLimits
{
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ActionElements = 25;
    public const int ContextElements = 10;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int OptionText = 75;
    public const int OptionValue = 150;
    public const int RadioOptions = 10;
    public const int SelectOptions = 100;
    public const int ViewTitle = 24;
    public const int InputLabel = 2000;
    public const int Placeholder = 150;
    public const int PrivateMetadata = 3000;
    public const int ActionId = 255;
    public const int MessageText = 40000;
}
