// The `ign` executable: everything lives in IGNCommands, where tests can reach it.
import IGNCommands

EntryPoint.main()
