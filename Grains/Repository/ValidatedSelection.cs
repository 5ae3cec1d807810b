namespace OrleansBackup.Repository;

/// <summary>A selection that passed <see cref="PathGuard.ValidateSelection"/>.</summary>
/// <param name="Sources">Resolved absolute source directories, duplicates removed, in the order given.</param>
/// <param name="Destination">Resolved absolute destination (it may not exist yet).</param>
public sealed record ValidatedSelection(IReadOnlyList<string> Sources, string Destination);
