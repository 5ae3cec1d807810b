namespace OrleansBackup.Api;

public partial class Program
{
    public static int Main(string[] args) => 0;
}
