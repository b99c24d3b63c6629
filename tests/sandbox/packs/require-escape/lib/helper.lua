return { greet = function(id) return "hello " .. id end }
