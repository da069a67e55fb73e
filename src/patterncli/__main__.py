from patterncli._entry import console

console()
