import SpecGenCommandLine

SpecGen.runAndExit()
