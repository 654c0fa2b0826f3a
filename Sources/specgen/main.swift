import SpecGenCommandLine

await SpecGen.runAndExit()
