namespace StatusBot.Core.People;

/// <summary>
/// What a person may do. <see cref="Admin"/> is per workspace, <see cref="Tpm"/> and <see cref="Viewer"/>
/// per program, <see cref="Member"/> per team. Ordered from least to most powerful.
/// </summary>
public enum Role
{
    Viewer,
    Member,
    Tpm,
    Admin,
}
